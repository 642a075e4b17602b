import { Module } from '@nestjs/common';
import { CanvasLookups } from './canvas-lookups';

/** Canvas reads made before a passback starts, shared by the API and the LTI tool (one client per district). */
@Module({ providers: [CanvasLookups], exports: [CanvasLookups] })
export class CanvasLookupsModule {}
