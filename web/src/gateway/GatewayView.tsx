import { useQuery } from '@tanstack/react-query'
import { Tabs, useHashTab } from '../App.js'
import { api } from '../api.js'
import { Customers } from './Customers.js'
import { Jobs } from './Jobs.js'
import { Usage } from './Usage.js'
import { WorkflowEditor } from './WorkflowEditor.js'

const TABS = [['usage', 'Usage'], ['jobs', 'Jobs'], ['workflows', 'Workflow editor']] as const
const HOSTED_TABS = [...TABS, ['customers', 'Customers and API keys']] as const

/** What a customer sees on their gateway: usage and spend, providers, jobs, the workflow editor; a hosted gateway's customers too. */
export default function GatewayView () {
  const status = useQuery({ queryKey: ['gateway-status'], queryFn: async () => api<{ hosted: boolean }>('/api/status') })
  const tabs = status.data?.hosted === true ? HOSTED_TABS : TABS
  const [tab] = useHashTab(HOSTED_TABS.map(([id]) => id))
  return (
    <>
      <Tabs tabs={tabs} current={tab} label="Customer" />
      {tab === 'usage' && <Usage />}
      {tab === 'jobs' && <Jobs />}
      {tab === 'workflows' && <WorkflowEditor />}
      {tab === 'customers' && <Customers />}
    </>
  )
}
