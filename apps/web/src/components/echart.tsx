/**
 * A small React wrapper around ECharts (tree-shaken core, SVG renderer: crisp at any zoom, text selectable).
 * The chart is decorative for screen readers (`aria-hidden`): every chart on a page carries a table or summary
 * with the same numbers next to it (`ChartFigure`).
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, type ReactNode } from 'react';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

export function EChart({
  option,
  height = 260,
  testId,
}: {
  option: ChartOption;
  height?: number;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = echarts.init(node, undefined, { renderer: 'svg' });
    chart.current = instance;
    // Follows the container's width (responsive grid, phone rotation) without a window listener per chart.
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={el} className="echart" style={{ height }} aria-hidden="true" data-testid={testId} />;
}

/** A chart with its accessible equivalent: a heading, the chart, then the data as a table or summary. */
export function ChartFigure({
  title,
  id,
  chart,
  children,
}: {
  title: string;
  id: string;
  chart: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure className="chart-figure" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="card-title">
        {title}
      </figcaption>
      {chart}
      <div className="chart-data">{children}</div>
    </figure>
  );
}
