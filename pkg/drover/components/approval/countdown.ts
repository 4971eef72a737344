// The time left to answer an approval: whole seconds until `expiresAt` (rounded up, so "0:00" is never shown
// while there is still time) and how it reads ("1:45", "1:02:03"). A single interval ticks while the card waits.
import {
  computed, onBeforeUnmount, ref, watch, type ComputedRef, type Ref
} from 'vue';

/** Whole seconds left until `expiresAt` at `now` (ms); 0 once it has passed or when it cannot be read. */
export function secondsLeft(expiresAt: string, now: number): number {
  const end = Date.parse(expiresAt);

  if (Number.isNaN(end)) return 0;

  return Math.max(0, Math.ceil((end - now) / 1000));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** m:ss, or h:mm:ss from an hour up. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);

  return hours ? `${ hours }:${ pad(minutes) }:${ pad(s % 60) }` : `${ minutes }:${ pad(s % 60) }`;
}

export interface Countdown {
  left: Ref<number>;
  expired: ComputedRef<boolean>;
}

/**
 * Seconds left until `expiresAt()`, ticking every second while `active()` holds (the approval is still open); the
 * interval stops when it runs out, when the approval is answered, and when the component goes away.
 */
export function useCountdown(expiresAt: () => string, active: () => boolean): Countdown {
  const left = ref(secondsLeft(expiresAt(), Date.now()));
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const tick = () => {
    left.value = secondsLeft(expiresAt(), Date.now());
    if (left.value === 0) stop();
  };

  watch([expiresAt, active], ([, on]) => {
    stop();
    tick();
    if (on && left.value > 0) timer = setInterval(tick, 1000);
  }, { immediate: true });
  onBeforeUnmount(stop);

  return { left, expired: computed(() => left.value === 0) };
}
