/**
 * A paged list of a work page (我的办件, 窗口收件, 审批待办, 联办): loading/error states from `usePagedList`, an empty
 * text, antd's pager while the list spans more than one page.
 */
import { Empty, List } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { AsyncView } from './async-view.js';
import type { PagedList, PageOf } from './use-paged-list.js';

type ItemOf<P extends PageOf<unknown>> = P['items'][number];

export function PagedResultList<P extends PageOf<unknown>>(props: {
  list: PagedList<P>;
  /** the empty list's text; 暂无办件 (work.empty) unless given */
  empty?: ReactNode;
  rowKey: keyof ItemOf<P> & string;
  renderItem: (item: ItemOf<P>) => ReactNode;
}) {
  const { t } = useI18n();
  const { list } = props;
  return (
    <AsyncView state={list.state} onRetry={list.reload}>
      {(data) => (
        <List<ItemOf<P>>
          className="result-list"
          locale={{ emptyText: <Empty description={props.empty ?? t('work.empty')} /> }}
          dataSource={[...data.items]}
          rowKey={props.rowKey}
          pagination={list.pagination(data)}
          renderItem={props.renderItem}
        />
      )}
    </AsyncView>
  );
}
