import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RosterLookups, RosterSnapshots } from '@sisbridge/roster-store';
import { TeacherRosters } from './teacher-rosters';

/** The published roster as passback and categories read it (the DataSource comes from the global service kit). */
@Module({
  providers: [
    { provide: RosterSnapshots, inject: [DataSource], useFactory: (dataSource: DataSource) => new RosterSnapshots(dataSource) },
    { provide: RosterLookups, inject: [DataSource], useFactory: (dataSource: DataSource) => new RosterLookups(dataSource) },
    TeacherRosters,
  ],
  exports: [TeacherRosters],
})
export class TeacherRostersModule {}
