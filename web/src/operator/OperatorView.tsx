import { Tabs, useHashTab } from '../App.js'
import { Accounts } from './Accounts.js'
import { Books } from './Books.js'
import { Providers } from './Providers.js'
import { Rules } from './Rules.js'

const TABS = [['providers', 'Providers'], ['rules', 'Rule sets'], ['accounts', 'Accounts'], ['books', 'Ledger and payouts']] as const

/** What an operator sees on their rendezvous: the providers, the rules, the accounts and revocations, the books. */
export default function OperatorView () {
  const [tab] = useHashTab(TABS.map(([id]) => id))
  return (
    <>
      <Tabs tabs={TABS} current={tab} label="Operator" />
      {tab === 'providers' && <Providers />}
      {tab === 'rules' && <Rules />}
      {tab === 'accounts' && <Accounts />}
      {tab === 'books' && <Books />}
    </>
  )
}
