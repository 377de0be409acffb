/**
 * A confirmation before an irreversible action: what will happen, to what, and that it cannot be undone — the
 * action runs only after 确认. One shape for the window (受理 / 容缺受理 / 不予受理) and the lead's 审批决定.
 */
import { App } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

export interface ConfirmSpec {
  title: string;
  /** Facts of the action (the application, the reasons given …). */
  summary?: ReactNode;
  /** What follows, in the user's words. */
  consequence: string;
  okText: string;
  danger?: boolean;
}

export function useConfirm(): (spec: ConfirmSpec, run: () => Promise<void> | void) => void {
  const { modal } = App.useApp();
  const { t } = useI18n();
  return (spec, run) => {
    modal.confirm({
      title: spec.title,
      content: (
        <div data-testid="confirm-summary">
          {spec.summary}
          <p className="confirm-consequence">{spec.consequence}</p>
        </div>
      ),
      okText: spec.okText,
      cancelText: t('confirm.back'),
      okButtonProps: { danger: spec.danger },
      onOk: () => run(),
    });
  };
}
