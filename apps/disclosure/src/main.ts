// Standalone entry of the disclosure service (production container / `nx serve disclosure`). OpenTelemetry starts
// before the application module is loaded, so its instrumentations patch what the module imports.
import { startTelemetry, telemetryOptionsFromEnv } from '@hall/telemetry';

startTelemetry(telemetryOptionsFromEnv(process.env, { serviceName: 'disclosure' }));

const { runStandaloneService } = await import('@hall/platform');
const { disclosureService } = await import('./index.js');

await runStandaloneService(disclosureService);
