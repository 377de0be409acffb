import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Logger, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Module } from '@nestjs/common';
import request from 'supertest';
import { z } from 'zod';
import { HttpErrorFilter } from './http-exception.filter.js';
import { ZodBody, ZodParam, ZodQuery } from './zod-http.js';

const NoteBody = z.strictObject({ note: z.string().trim().min(1), urgent: z.boolean().default(false) });
type NoteBody = z.infer<typeof NoteBody>;
const ListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  status: z.enum(['open', 'closed']).optional(),
});
type ListQuery = z.infer<typeof ListQuery>;
const Stored = z.object({ name: z.string() });

@Controller('notes')
class NotesController {
  @Post(':id')
  add(@ZodParam('id', z.uuid()) id: string, @ZodBody(NoteBody) body: NoteBody) {
    return { id, ...body };
  }

  @Get()
  list(@ZodQuery(ListQuery) query: ListQuery) {
    return query;
  }

  @Get('stored')
  stored() {
    return Stored.parse({ name: 42 });
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

describe('@ZodBody / @ZodQuery / @ZodParam', () => {
  let app: NestFastifyApplication;
  const id = '0b7f7a3e-3f4c-4b7e-9a52-6c1d2e3f4a5b';

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(NotesModule, new FastifyAdapter(), {
      logger: false,
    });
    app.useGlobalFilters(new HttpErrorFilter(new Logger('test')));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const agent = request(app.getHttpServer());
    const res =
      method === 'GET'
        ? await agent.get(url)
        : payload === undefined
          ? await agent.post(url)
          : await agent.post(url).send(payload);
    return { statusCode: res.status, json: () => res.body as unknown };
  };

  it('hands the handler parsed input (defaults applied, strings trimmed)', async () => {
    const res = await inject('POST', `/notes/${id}`, { note: '  请补正  ' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id, note: '请补正', urgent: false });
    expect((await inject('GET', '/notes?page=3&status=open')).json()).toEqual({ page: 3, status: 'open' });
  });

  it('answers bad input with 400 VALIDATION_FAILED naming the field, body, query and path alike', async () => {
    const cases: Array<[Promise<{ statusCode: number; json: () => unknown }>, string]> = [
      [inject('POST', `/notes/${id}`, { note: ' ' }), 'note'],
      [inject('POST', `/notes/${id}`, { note: 'x', isAdmin: true }), 'isAdmin'],
      [inject('POST', `/notes/${id}`), 'note'],
      [inject('POST', '/notes/not-a-uuid', { note: 'x' }), 'id'],
      [inject('GET', '/notes?page=0x10'), 'page'],
      [inject('GET', '/notes?stauts=open'), 'stauts'],
    ];
    for (const [pending, field] of cases) {
      const res = await pending;
      expect([res.statusCode, res.json()]).toMatchObject([
        400,
        { code: 'VALIDATION_FAILED', details: { field } },
      ]);
    }
  });

  it('documents what it parses in OpenAPI', () => {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const post = doc.paths['/notes/{id}']?.post;
    expect(post?.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(JSON.stringify(post?.requestBody)).toContain('"note"');
    const get = doc.paths['/notes']?.get;
    expect(get?.parameters?.map((p) => ('name' in p ? p.name : undefined)).sort()).toEqual([
      'page',
      'status',
    ]);
  });

  it("answers a bare ZodError (stored data failing its schema) with a 500, not as the client's bad input", async () => {
    const res = await inject('GET', '/notes/stored');
    expect([res.statusCode, res.json()]).toMatchObject([500, { code: 'INTERNAL_ERROR' }]);
  });
});
