import { anomaly, type AnomalyRule } from './anomaly.js';

/** A04: a refusal (不予受理) or denial (不予许可) whose reasons are empty or a placeholder ("无", "/", …). */
export const placeholderReasons: AnomalyRule = (input) => {
  const placeholders = new Set(input.ctx.settings.placeholderReasons.map((r) => r.trim()));
  return input.state.refusals.flatMap((r) => {
    const text = r.reasons.trim().replace(/[。.!！\s]+$/u, '');
    if (text.length >= 2 && !placeholders.has(text)) return [];
    const intake = r.source === 'intake';
    const detail = `${intake ? '不予受理' : '不予许可'}理由为「${r.reasons}」`;
    return [anomaly(input, 'A04', intake ? 'refusal' : 'decision', r.at, detail)];
  });
};
