// Standalone entry of the intake service (production container / `nx serve intake`). OpenTelemetry starts
// before the application module is loaded, so its instrumentations patch what the module imports.
import { startTelemetry, telemetryOptionsFromEnv } from '@hall/telemetry';

startTelemetry(telemetryOptionsFromEnv(process.env, { serviceName: 'intake' }));

const { runStandaloneService } = await import('@hall/platform');
const { intakeService } = await import('./index.js');

await runStandaloneService(intakeService);
