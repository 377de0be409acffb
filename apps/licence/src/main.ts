// Standalone entry of the licence service (production container / `nx serve licence`). OpenTelemetry starts
// before the application module is loaded, so its instrumentations patch what the module imports.
import { startTelemetry, telemetryOptionsFromEnv } from '@hall/telemetry';

startTelemetry(telemetryOptionsFromEnv(process.env, { serviceName: 'licence' }));

const { runStandaloneService } = await import('@hall/platform');
const { licenceService } = await import('./index.js');

await runStandaloneService(licenceService);
