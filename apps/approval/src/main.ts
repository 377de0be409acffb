// Standalone entry of the approval service (production container / `nx serve approval`). OpenTelemetry starts
// before the application module is loaded, so its instrumentations patch what the module imports.
import { startTelemetry, telemetryOptionsFromEnv } from '@hall/telemetry';

startTelemetry(telemetryOptionsFromEnv(process.env, { serviceName: 'approval' }));

const { runStandaloneService } = await import('@hall/platform');
const { approvalService } = await import('./index.js');

await runStandaloneService(approvalService);
