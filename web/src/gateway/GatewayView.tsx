import { Tabs, useHashTab } from '../App.js'
import { Jobs } from './Jobs.js'
import { Usage } from './Usage.js'
import { WorkflowEditor } from './WorkflowEditor.js'

const TABS = [['usage', 'Usage'], ['jobs', 'Jobs'], ['workflows', 'Workflow editor']] as const

/** What a customer sees on their gateway: usage and spend, providers, jobs, and the workflow editor. */
export default function GatewayView () {
  const [tab] = useHashTab(TABS.map(([id]) => id))
  return (
    <>
      <Tabs tabs={TABS} current={tab} label="Customer" />
      {tab === 'usage' && <Usage />}
      {tab === 'jobs' && <Jobs />}
      {tab === 'workflows' && <WorkflowEditor />}
    </>
  )
}
