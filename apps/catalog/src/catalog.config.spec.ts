import { ConfigError } from '@hall/platform';
import { catalogConfigFromEnv } from './catalog.config.js';

describe('catalog config', () => {
  it('locks nothing beyond the four structural elements by default', () => {
    expect([...catalogConfigFromEnv({}).lockedElements]).toEqual([]);
    expect([...catalogConfigFromEnv({ CATALOG_LOCKED_ELEMENTS: '' }).lockedElements]).toEqual([]);
  });

  it('reads CATALOG_LOCKED_ELEMENTS as a comma-separated list', () => {
    expect([
      ...catalogConfigFromEnv({ CATALOG_LOCKED_ELEMENTS: 'competentDepartment, implementingBody' })
        .lockedElements,
    ]).toEqual(['competentDepartment', 'implementingBody']);
    expect([...catalogConfigFromEnv({ CATALOG_LOCKED_ELEMENTS: 'implementingBody' }).lockedElements]).toEqual(
      ['implementingBody'],
    );
  });

  it('refuses an unknown element, naming the variable', () => {
    expect(() => catalogConfigFromEnv({ CATALOG_LOCKED_ELEMENTS: 'competentDepartment,legalBasis' })).toThrow(
      ConfigError,
    );
    expect(() => catalogConfigFromEnv({ CATALOG_LOCKED_ELEMENTS: 'name' })).toThrow(
      /CATALOG_LOCKED_ELEMENTS/,
    );
  });
});
