export { createPeopleRepository, type PeopleRepository } from './people.repository.ts';
export {
  BREAK_GLASS_HOURS,
  BreakGlassNeeded,
  createPeopleService,
  type PeopleService,
} from './people.service.ts';
export { formatNhsNumber, isValidNhsNumber, normaliseNhsNumber } from './nhs-number.ts';
export { nhsNumberSchema, PersonCreateSchema } from './people.schema.ts';
export * from './people.types.ts';
export { createFlagsRepository, type Flag, type FlagType, type FlagsRepository } from './flags.repository.ts';
export { createFlagsService, type FlagsService } from './flags.service.ts';
