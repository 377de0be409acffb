// Standalone entry of the supervision service (production container / `nx serve supervision`). OpenTelemetry starts
// before the application module is loaded, so its instrumentations patch what the module imports.
import { startTelemetry, telemetryOptionsFromEnv } from '@hall/telemetry';

startTelemetry(telemetryOptionsFromEnv(process.env, { serviceName: 'supervision' }));

const { runStandaloneService } = await import('@hall/platform');
const { supervisionService } = await import('./index.js');

await runStandaloneService(supervisionService);
