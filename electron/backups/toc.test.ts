import { describe, expect, it } from 'vitest';
import { contentsTree, parseTocList } from './toc';

// As pg_restore 15 prints it for a database with a space in a schema and in a role name.
const listing = `;
; Archive created at 2026-11-21 05:20:34 UTC
;     dbname: Mixed DB é
;     TOC Entries: 20
;     Format: CUSTOM
;     Dumped from database version: 15.18 (Debian 15.18-0+deb12u1)
;     Dumped by pg_dump version: 15.18 (Debian 15.18-0+deb12u1)
;
; Selected TOC Entries:
;
6; 2615 16385 SCHEMA - My Schema postgres
216; 1259 16387 TABLE My Schema Ta ble"q postgres
215; 1259 16386 SEQUENCE My Schema Ta ble"q_id_seq postgres
3366; 0 0 SEQUENCE OWNED BY My Schema Ta ble"q_id_seq postgres
218; 1259 16397 TABLE public plain odd role
219; 1259 16402 VIEW public v postgres
3207; 2604 16390 DEFAULT My Schema Ta ble"q id postgres
3358; 2613 16406 BLOB - 16406 postgres
3355; 0 16387 TABLE DATA My Schema Ta ble"q postgres
3357; 0 16397 TABLE DATA public plain odd role
3359; 0 0 BLOBS - BLOBS 
3209; 2606 16394 CONSTRAINT My Schema Ta ble"q Ta ble"q_pkey postgres
3210; 1259 16395 INDEX My Schema idx one postgres
`;

describe('pg_restore --list parsing', () => {
  const toc = parseTocList(listing, { schemas: [], owners: ['odd role'] });

  it('reads the header', () => {
    expect(toc.header).toMatchObject({
      database: 'Mixed DB é',
      entries: 20,
      format: 'CUSTOM',
      serverVersion: '15.18 (Debian 15.18-0+deb12u1)',
      createdAt: '2026-11-21 05:20:34 UTC',
    });
  });

  it('splits names with spaces using the schemas the archive creates and the owners it was told of', () => {
    const pick = (dumpId: number) => {
      const { line: _line, ...entry } = toc.entries.find((e) => e.dumpId === dumpId)!;
      return entry;
    };
    expect(pick(6)).toEqual({ dumpId: 6, type: 'SCHEMA', schema: null, name: 'My Schema', owner: 'postgres' });
    expect(pick(3355)).toEqual({ dumpId: 3355, type: 'TABLE DATA', schema: 'My Schema', name: 'Ta ble"q', owner: 'postgres' });
    expect(pick(3357)).toEqual({ dumpId: 3357, type: 'TABLE DATA', schema: 'public', name: 'plain', owner: 'odd role' });
    expect(pick(3366)).toMatchObject({ type: 'SEQUENCE OWNED BY', schema: 'My Schema', name: 'Ta ble"q_id_seq' });
    expect(pick(3359)).toMatchObject({ type: 'BLOBS', schema: null, name: 'BLOBS', owner: null });
    expect(pick(3210)).toMatchObject({ type: 'INDEX', schema: 'My Schema', name: 'idx one' });
  });

  it('becomes a tree of schemas and objects', () => {
    const tree = contentsTree('20260101T000000Z-abcdef', 'custom', toc);
    expect(tree.schemas.map((s) => s.name)).toEqual(['My Schema', 'public']);
    expect(tree.global.map((o) => o.type)).toEqual(['BLOB', 'BLOBS']);
    expect(tree.tableCount).toBe(2);
  });
});
