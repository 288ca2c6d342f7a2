/** A workflow's fetch failed: no exit could open it, the response was malformed or too large, or it took too long. */
export class MeshFetchError extends Error {
  static override name = 'MeshFetchError'
  override name = 'MeshFetchError'
  code = 'ERR_MESH_FETCH'
}

/** A workflow's job found no provider to finish it, did not exit, or its replicas disagreed. */
export class WorkflowJobError extends Error {
  static override name = 'WorkflowJobError'
  override name = 'WorkflowJobError'
  code = 'ERR_WORKFLOW_JOB'
}

/** A workflow names a module the gateway does not hold. */
export class UnknownModuleError extends Error {
  static override name = 'UnknownModuleError'
  override name = 'UnknownModuleError'
  code = 'ERR_UNKNOWN_MODULE'
}
