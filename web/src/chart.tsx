import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

/** A time series chart (uPlot: 50 KB, canvas): x in unix seconds, one line per series. */
export function TimeChart ({ label, x, series, height = 200 }: { label: string, x: number[], series: Array<{ name: string, values: number[], color: string }>, height?: number }) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const element = box.current
    if (element == null) return
    const plot = new uPlot({
      width: Math.max(240, element.clientWidth),
      height,
      series: [{}, ...series.map(s => ({ label: s.name, stroke: s.color, width: 2 }))],
      axes: [{}, { size: 70 }],
      legend: { show: true }
    }, [x, ...series.map(s => s.values)], element)
    const resize = new ResizeObserver(() => { plot.setSize({ width: Math.max(240, element.clientWidth), height }) })
    resize.observe(element)
    return () => {
      resize.disconnect()
      plot.destroy()
    }
  }, [x, series, height])
  return <div ref={box} className="chart" role="img" aria-label={label} />
}
