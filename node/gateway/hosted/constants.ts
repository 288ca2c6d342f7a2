/** Default cap on one hosted customer's open tunnels. */
export const DEFAULT_MAX_TUNNELS_PER_CUSTOMER = 1_000
