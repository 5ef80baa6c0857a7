import { Size, SizeRoundingBehavior } from 'cdk8s';
import { MIN_STREAM_WINDOW_BYTES } from './config-schema';
import { Problem } from '../common/problems';

/** The largest window Piko can read: `stream.max_window_size` is a 32-bit unsigned count of bytes. */
const MAX_STREAM_WINDOW_BYTES = 2 ** 32 - 1;

/** A stream window as the count of bytes Piko reads in `stream.max_window_size`. */
export function streamWindowBytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

/**
 * The `streamWindowSize` prop of a server or an agent: a whole number of bytes that the program
 * (`reader`) accepts at start and can read.
 */
export function checkStreamWindowSize(size: Size, reader: string): Problem | undefined {
  const bytes = streamWindowBytes(size);
  if (Number.isInteger(bytes) && bytes >= MIN_STREAM_WINDOW_BYTES && bytes <= MAX_STREAM_WINDOW_BYTES) {
    return undefined;
  }
  return {
    setting: 'streamWindowSize',
    rule: `must be a whole number of bytes from 256 KiB to 4 GiB less one byte: ${reader} refuses a window under 256 KiB at start, and reads the size as a 32-bit number`,
    found: `${bytes} bytes`,
    fix: 'use a Size such as Size.mebibytes(1), or leave it unset for the default of 256 KiB',
  };
}
