/**
 * A table that stays readable at every width: on wide screens an antd Table whose short columns never wrap (the
 * table scrolls sideways instead of squeezing a column to one character a line) and whose long text columns get
 * a width and wrap whole words; on phones (below antd's `md`) one card per row — the first column as the card's
 * title, the others as label/value pairs. The supervisor lists (督办, 异常, 超期风险, 统计) share it.
 */
import { Card, Descriptions, Empty, Grid, Pagination, Table } from 'antd';
import type { Key, ReactNode } from 'react';
import type { Pagination as PagerProp } from './use-paged-list.js';

export type ResponsiveColumn<T> = {
  key: string;
  title: string;
  render: (row: T, index: number) => ReactNode;
  /** Free text (内容, 原因): wraps within this width (px) instead of never wrapping. */
  textWidth?: number;
  align?: 'left' | 'right';
};

export function ResponsiveTable<T>({
  rows,
  columns,
  rowKey,
  empty,
  pagination = false,
  testId,
  label,
  expanded,
}: {
  rows: readonly T[];
  columns: readonly ResponsiveColumn<T>[];
  rowKey: (row: T) => Key;
  empty: string;
  pagination?: PagerProp;
  testId: string;
  label?: string;
  /** A detail under the row (wide: expandable row; phone: at the foot of the card). */
  expanded?: (row: T) => ReactNode;
}) {
  const wide = Grid.useBreakpoint().md !== false;
  if (wide)
    return (
      // The wrapper scrolls sideways when the columns need more room (focusable, so the keyboard can scroll it).
      <div className="scroll-x" tabIndex={0}>
        <Table<T>
          rowKey={rowKey}
          size="small"
          dataSource={[...rows]}
          data-testid={testId}
          aria-label={label}
          tableLayout="auto"
          pagination={pagination}
          locale={{ emptyText: <Empty description={empty} /> }}
          {...(expanded ? { expandable: { expandedRowRender: expanded } } : {})}
          columns={columns.map((c) => ({
            key: c.key,
            title: c.title,
            align: c.align,
            className: c.textWidth === undefined ? 'nowrap-cell' : 'text-cell',
            onCell: () => ({
              style: c.textWidth === undefined ? {} : { minWidth: c.textWidth, maxWidth: c.textWidth },
            }),
            render: (_: unknown, row: T, i: number) => c.render(row, i),
          }))}
        />
      </div>
    );
  const [head, ...rest] = columns;
  return (
    <div data-testid={testId} className="responsive-cards">
      {rows.length === 0 ? (
        <Empty description={empty} />
      ) : (
        <ul className="rect-cards" aria-label={label}>
          {rows.map((row, i) => (
            <li key={rowKey(row)} className="responsive-card">
              <Card size="small" title={head?.render(row, i)}>
                <Descriptions
                  size="small"
                  column={1}
                  items={rest.map((c) => ({ key: c.key, label: c.title, children: c.render(row, i) }))}
                />
                {expanded?.(row)}
              </Card>
            </li>
          ))}
        </ul>
      )}
      {pagination && (
        <Pagination
          className="pager"
          simple
          current={pagination.current}
          pageSize={pagination.pageSize}
          total={pagination.total}
          onChange={pagination.onChange}
        />
      )}
    </div>
  );
}
