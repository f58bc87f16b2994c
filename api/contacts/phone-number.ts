import { z } from 'zod';

const separators = /[\s\-.()\/]/g;

/**
 * A phone number as a JSON string (a number would already have lost its leading zeros).
 * Normalised form: spaces, dashes, dots, slashes and parentheses removed, everything else kept,
 * so '+44 (0)20 7946-0958' is stored as '+4402079460958' and '0049 30 1234' as '0049301234'.
 */
export const phoneNumber = z
  .string()
  .max(40)
  .transform((value) => value.replace(separators, ''))
  .pipe(
    z
      .string()
      .regex(
        /^\+?[0-9]{4,20}$/,
        'must be 4 to 20 digits with an optional leading +; spaces, dashes, dots, slashes and ' +
          'parentheses are ignored',
      ),
  )
  .meta({
    description: 'Stored without separators; leading zeros and + are kept',
    example: '+41 44 668 18 00',
  });
