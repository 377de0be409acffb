/**
 * One labelled, clearable drop-down of a list page's inline filter form (监察 lists, 整改): clearing it means "all".
 */
import { Form, Select } from 'antd';

export function FilterSelect<V extends string | number>(props: {
  id: string;
  label: string;
  value: V | undefined;
  /** what the empty choice reads (usually 全部) */
  placeholder: string;
  options: readonly { value: V; label: string }[];
  onChange: (value: V | undefined) => void;
  /** a wider box, for long option texts */
  wide?: boolean;
}) {
  return (
    <Form.Item label={props.label} htmlFor={props.id}>
      <Select<V>
        id={props.id}
        allowClear
        className={props.wide ? 'filter-select wide' : 'filter-select'}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(v?: V) => props.onChange(v)}
        options={[...props.options]}
      />
    </Form.Item>
  );
}
