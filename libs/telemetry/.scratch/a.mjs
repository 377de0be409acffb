import { register } from 'node:module';
const useHook = process.argv[2] === 'hook';
const { NodeSDK } = await import('@opentelemetry/sdk-node');
const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
const { PgInstrumentation } = await import('@opentelemetry/instrumentation-pg');
const { KafkaJsInstrumentation } = await import('@opentelemetry/instrumentation-kafkajs');
const { NestInstrumentation } = await import('@opentelemetry/instrumentation-nestjs-core');
const { PrismaInstrumentation } = await import('@prisma/instrumentation');
if (useHook) {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: ['kafkajs', 'pg', '@nestjs/core', 'http', 'https', 'node:http', 'node:https'] } });
}
const sdk = new NodeSDK({ serviceName: 'x', metricReaders: [], logRecordProcessors: [], spanProcessors: [], instrumentations: [new HttpInstrumentation(), new PgInstrumentation(), new KafkaJsInstrumentation(), new NestInstrumentation(), new PrismaInstrumentation()] });
sdk.start();
const pg = await import('pg');
const kafka = await import('kafkajs');
const http = await import('node:http');
console.log('pg query wrapped', !!pg.default.Client.prototype.query.__wrapped);
console.log('kafka producer wrapped', !!kafka.Kafka.prototype.producer?.__wrapped, Object.keys(kafka.Kafka.prototype));
console.log('http request wrapped', !!http.request.__wrapped, !!http.default.request.__wrapped, !!http.Server?.prototype.emit.__wrapped);
const nest = await import('@nestjs/core');
console.log('nest', typeof nest.NestFactory);
