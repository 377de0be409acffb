/**
 * The app's antd theme and the 适老化 mode (长辈版, after the national guidelines for elderly-friendly websites):
 * body text 18 px and nothing under 16 px, larger click targets, a high-contrast palette. The choice is kept in
 * localStorage and marks `<html class="elder">` for the page styles (styles.css) that antd's tokens do not reach.
 * 高对比度 is a separate switch (either or both): black text and borders on white, a dark blue, visible focus
 * outlines and underlined links; kept in localStorage too and marks `<html class="contrast">`.
 * Motion follows the system's 减少动态效果 in both modes.
 */
import { ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { ButtonSpinner } from '../components/button-spinner.js';
import { usePrefersReducedMotion } from '../components/use-reduced-motion.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * Buttons: no space put between two Chinese characters (查询, not 查 询: the text and a screen reader's name stay the
 * word), and a decorative spinner while loading (components/button-spinner.tsx).
 */
export const BUTTON_CONFIG = { autoInsertSpace: false, loadingIcon: <ButtonSpinner /> } as const;

const STORAGE_KEY = 'hall.elderMode';
const CONTRAST_KEY = 'hall.highContrast';
const FONT_FAMILY =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", system-ui, sans-serif';

/**
 * WCAG AA contrast (4.5:1 on white) where antd's defaults are lighter: links, the hover colour a button keeps under
 * the pointer, placeholders, secondary and description text, errors (checked by axe in the browser specs).
 */
const STANDARD: ThemeConfig['token'] = {
  colorPrimary: '#1d4ed8',
  colorPrimaryHover: '#1e40af',
  colorPrimaryActive: '#1e3a8a',
  colorLink: '#1d4ed8',
  colorLinkHover: '#1e40af',
  colorTextPlaceholder: '#6b7280',
  colorTextSecondary: '#4b5563',
  colorTextTertiary: '#4b5563',
  colorTextDescription: '#4b5563',
  colorError: '#c81e1e',
  borderRadius: 6,
  fontFamily: FONT_FAMILY,
};

/** 长辈版: 18 px body, 16 px the smallest, 48 px controls, near-black text and a darker blue (contrast ≥ 7:1). */
const ELDER: ThemeConfig['token'] = {
  ...STANDARD,
  colorPrimary: '#0b3aa4',
  colorPrimaryHover: '#072a7a',
  colorPrimaryActive: '#051d57',
  colorLink: '#0b3aa4',
  colorLinkHover: '#072a7a',
  colorText: '#000000',
  colorTextSecondary: '#1f1f1f',
  colorTextTertiary: '#333333',
  colorTextDescription: '#1f1f1f',
  colorTextPlaceholder: '#4d4d4d',
  colorBorder: '#595959',
  colorError: '#a8071a',
  colorSuccess: '#135200',
  colorWarning: '#874d00',
  fontSize: 18,
  fontSizeSM: 16,
  fontSizeLG: 20,
  fontSizeXL: 22,
  fontSizeHeading1: 32,
  fontSizeHeading2: 28,
  fontSizeHeading3: 24,
  fontSizeHeading4: 22,
  fontSizeHeading5: 20,
  controlHeight: 48,
  controlHeightSM: 40,
  controlHeightLG: 56,
  lineWidthFocus: 3,
};

/**
 * 高对比度: black text and borders on white (21:1), a dark blue for links and primary buttons (≥ 10:1), dark
 * status colours, a thick focus ring; laid over the standard or the 长辈版 tokens (the sizes stay).
 */
const HIGH_CONTRAST: ThemeConfig['token'] = {
  colorPrimary: '#002b80',
  colorPrimaryHover: '#001d57',
  colorPrimaryActive: '#00133a',
  colorLink: '#002b80',
  colorLinkHover: '#001d57',
  colorText: '#000000',
  colorTextSecondary: '#000000',
  colorTextTertiary: '#1a1a1a',
  colorTextDescription: '#000000',
  colorTextPlaceholder: '#333333',
  colorBorder: '#000000',
  colorBorderSecondary: '#333333',
  colorSplit: '#333333',
  colorBgLayout: '#ffffff',
  colorError: '#8a0010',
  colorSuccess: '#0b4000',
  colorWarning: '#6b3b00',
  lineWidth: 1,
  lineWidthFocus: 3,
};

/** Tags are 12 px by default (fontSizeSM): body text in the standard mode is never under 14 px. */
const STANDARD_COMPONENTS: ThemeConfig['components'] = { Tag: { fontSizeSM: 14 } };

type ElderMode = { elder: boolean; setElder: (on: boolean) => void };
const ElderModeContext = createContext<ElderMode>({ elder: false, setElder: () => undefined });

/** Whether the 长辈版 is on, and the switch the header shows. */
export const useElderMode = (): ElderMode => useContext(ElderModeContext);

type HighContrast = { contrast: boolean; setContrast: (on: boolean) => void };
const HighContrastContext = createContext<HighContrast>({ contrast: false, setContrast: () => undefined });

/** Whether 高对比度 is on, and the switch the header shows. */
export const useHighContrast = (): HighContrast => useContext(HighContrastContext);

function stored(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === '1';
  } catch {
    return false; // storage refused (private mode): the standard version
  }
}

function store(key: string, on: boolean): void {
  try {
    window.localStorage.setItem(key, on ? '1' : '0');
  } catch {
    // storage refused: the choice lasts for this visit
  }
}

/** antd's locale and theme for the whole app, with the 适老化 mode kept across visits. */
export function Themed({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const reducedMotion = usePrefersReducedMotion();
  const [elder, setElderState] = useState(() => stored(STORAGE_KEY));
  const [contrast, setContrastState] = useState(() => stored(CONTRAST_KEY));
  useEffect(() => {
    document.documentElement.classList.toggle('elder', elder);
  }, [elder]);
  useEffect(() => {
    document.documentElement.classList.toggle('contrast', contrast);
  }, [contrast]);
  const setElder = (on: boolean) => {
    setElderState(on);
    store(STORAGE_KEY, on);
  };
  const setContrast = (on: boolean) => {
    setContrastState(on);
    store(CONTRAST_KEY, on);
  };
  return (
    <ElderModeContext.Provider value={{ elder, setElder }}>
      <HighContrastContext.Provider value={{ contrast, setContrast }}>
        <ConfigProvider
          locale={locale === 'en-US' ? enUS : zhCN}
          button={BUTTON_CONFIG}
          theme={{
            // 减少动态效果 asked for by the system: dialogs, drawers and menus open without animation.
            token: {
              ...(elder ? ELDER : STANDARD),
              ...(contrast ? HIGH_CONTRAST : {}),
              motion: !reducedMotion,
            },
            components: elder ? {} : STANDARD_COMPONENTS,
          }}
        >
          {children}
        </ConfigProvider>
      </HighContrastContext.Provider>
    </ElderModeContext.Provider>
  );
}
