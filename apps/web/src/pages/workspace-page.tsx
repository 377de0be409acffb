import { Result } from 'antd';

/**
 * A role's workbench whose screens are not built yet: says which service it waits for and the API paths it
 * will use (fixed by the service's issue), instead of pretending.
 */
export function WorkspacePending({ title, hint }: { title: string; hint: string }) {
  return (
    <div className="page">
      <Result status="info" title={<h1 className="page-title">{title}</h1>} subTitle={hint} />
    </div>
  );
}
