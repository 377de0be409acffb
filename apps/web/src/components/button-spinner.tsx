/**
 * The spinner a loading button shows (ConfigProvider `button.loadingIcon`, theme.tsx). antd's default one is an
 * icon labelled "loading" inside an enter/leave animation: the English label became part of the button's name for
 * a screen reader ("loading 查询"), and when the leave animation's end was missed on a busy machine the icon stayed
 * after loading ended, so the button kept that name. This one is decorative (aria-hidden: the button is disabled
 * while loading) and is mounted only while loading, without an animation to wait for.
 */
export function ButtonSpinner() {
  return (
    <svg
      className="button-spinner"
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="2" strokeOpacity="0.3" />
      <path d="M8 2a6 6 0 0 1 6 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
