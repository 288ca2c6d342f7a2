import type { ReactNode } from 'react'

/** A titled part of a view. */
export function Section ({ title, children, actions }: { title: string, children: ReactNode, actions?: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
  return (
    <section className="section" aria-labelledby={id}>
      <header className="section-header">
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  )
}

/** What went wrong, in words. */
export function ErrorNote ({ error }: { error: unknown }) {
  if (error == null) return null
  return <p className="error" role="alert">{(error as Error).message ?? String(error)}</p>
}

/** A table that scrolls sideways on a narrow screen instead of breaking the page. */
export function Table ({ label, head, children }: { label: string, head: string[], children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table>
        <thead><tr>{head.map(h => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}

/** A label and a value, for status lists. */
export function Fact ({ name, children }: { name: string, children: ReactNode }) {
  return <div className="fact"><dt>{name}</dt><dd>{children}</dd></div>
}
