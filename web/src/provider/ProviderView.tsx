import { Suspense, lazy } from 'react'
import { Tabs, useHashTab } from '../App.js'
import { Controls } from './Controls.js'
import { Feed } from './Feed.js'
import { Jobs } from './Jobs.js'
import { Status } from './Status.js'

// the chart library loads with the earnings tab, not with the feed
const Earnings = lazy(async () => ({ default: (await import('./Earnings.js')).Earnings }))

const TABS = [['feed', 'Live feed'], ['controls', 'Controls'], ['status', 'Status'], ['earnings', 'Earnings'], ['jobs', 'Jobs']] as const

/** What a provider's owner sees: everything through the machine as it happens, the controls, the status, the money. */
export default function ProviderView () {
  const [tab] = useHashTab(TABS.map(([id]) => id))
  return (
    <>
      <Tabs tabs={TABS} current={tab} label="Provider" />
      {tab === 'feed' && <Feed />}
      {tab === 'controls' && <Controls />}
      {tab === 'status' && <Status />}
      {tab === 'earnings' && <Suspense fallback={<p aria-busy="true">Loading…</p>}><Earnings /></Suspense>}
      {tab === 'jobs' && <Jobs />}
    </>
  )
}
