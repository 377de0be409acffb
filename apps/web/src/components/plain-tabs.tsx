/**
 * Tabs in plain markup for the public pages (antd's Tabs brings its overflow dropdown, menu and motion into a first
 * visit): the WAI-ARIA tabs pattern — a tablist of buttons, arrow keys, Home and End move between them, one panel.
 */
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface PlainTab {
  key: string;
  label: string;
  children: ReactNode;
}

export function PlainTabs({ items }: { items: readonly PlainTab[] }) {
  const [active, setActive] = useState(items[0]?.key ?? '');
  const id = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(
    0,
    items.findIndex((i) => i.key === active),
  );
  const move = (e: KeyboardEvent) => {
    const to =
      e.key === 'ArrowRight'
        ? (index + 1) % items.length
        : e.key === 'ArrowLeft'
          ? (index - 1 + items.length) % items.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? items.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    setActive(items[to]?.key ?? active);
    buttons.current[to]?.focus();
  };
  const current = items[index];
  return (
    <div className="plain-tabs">
      <div role="tablist" className="plain-tabs-list" onKeyDown={move}>
        {items.map((item, i) => (
          <button
            key={item.key}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${item.key}`}
            aria-selected={i === index}
            aria-controls={`${id}-panel`}
            tabIndex={i === index ? 0 : -1}
            className="plain-tabs-tab"
            onClick={() => setActive(item.key)}
          >
            {item.label}
          </button>
        ))}
      </div>
      {current && (
        <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${current.key}`} tabIndex={0}>
          {current.children}
        </div>
      )}
    </div>
  );
}
