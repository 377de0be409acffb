/**
 * A drop-down in plain markup for the public pages' filters (antd's Select brings rc-select, virtual lists and
 * motion into a first visit): a native select whose first option, the placeholder, means "no choice".
 */
export interface PlainOption {
  value: string;
  label: string;
}

export function PlainSelect(props: {
  id: string;
  value: string | undefined;
  options: readonly PlainOption[];
  /** the first option's text (no choice: 全部) */
  placeholder: string;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <select
      id={props.id}
      className="plain-select full-width"
      value={props.value ?? ''}
      onChange={(e) => props.onChange(e.target.value || undefined)}
    >
      <option value="">{props.placeholder}</option>
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
