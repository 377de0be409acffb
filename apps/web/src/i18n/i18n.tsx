import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zhCN, type MessageKey } from './messages.js';

export type Locale = 'zh-CN' | 'en-US';

const STORAGE_KEY = 'hall.locale';

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, vars?: Readonly<Record<string, string | number>>): string;
}

export function format(template: string, vars?: Readonly<Record<string, string | number>>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

type Dictionary = Readonly<Record<MessageKey, string>>;

/** The English dictionary once loaded: it is a chunk of its own, so the Chinese pages never download it. */
let english: Dictionary | null = null;

/** Loads the English strings (once); resolves when `t` can use them. */
export async function loadEnglish(): Promise<void> {
  english ??= (await import('./messages.en.js')).enUS;
}

export function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  // English is shown only once its strings are here (main.tsx loads them before the first render when stored).
  const [locale, setLocaleState] = useState<Locale>(() =>
    initialLocale() === 'en-US' && english !== null ? 'en-US' : 'zh-CN',
  );
  useEffect(() => {
    // The document title follows the route and the language (layout/document-title.ts).
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    if (next === 'zh-CN') setLocaleState(next);
    else
      loadEnglish().then(
        () => setLocaleState(next),
        () => undefined, // offline: the page stays in Chinese; the stored choice applies on the next visit
      );
  }, []);
  const value = useMemo<I18n>(() => {
    const dict: Dictionary = locale === 'en-US' && english !== null ? english : zhCN;
    return { locale, setLocale, t: (key, vars) => format(dict[key], vars) };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
