// Standalone entry of the catalog service (production container / `nx serve catalog`). OpenTelemetry starts
// before the application module is loaded, so its instrumentations patch what the module imports.
import { startTelemetry, telemetryOptionsFromEnv } from '@hall/telemetry';

startTelemetry(telemetryOptionsFromEnv(process.env, { serviceName: 'catalog' }));

const { runStandaloneService } = await import('@hall/platform');
const { catalogService } = await import('./index.js');

await runStandaloneService(catalogService);
