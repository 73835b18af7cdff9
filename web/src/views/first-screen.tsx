/**
 * What the chat's place shows: nothing until the daemon's lists are read, the first-run setup while
 * it is wanted (state/first-run.ts; loaded lazily, as a returning person never needs it), else the chat.
 */
import { type ComponentProps, lazy, Suspense } from 'react';
import { onboarding, setupMayShow } from '../state/first-run';
import { useStore } from '../state/store';
import { ChatView } from './chat';

const load = () => import('./onboarding');
// Fetched while the daemon's lists are read, where the setup may be wanted: not after.
if (setupMayShow()) void load();
const Onboarding = lazy(() => load().then((m) => ({ default: m.Onboarding })));

export function FirstScreen(props: ComponentProps<typeof ChatView>) {
  const firstRun = useStore(onboarding);
  const waiting = <main className="chat" aria-busy="true" />;
  if (firstRun === null) return waiting;
  if (!firstRun) return <ChatView {...props} />;
  return (
    <Suspense fallback={waiting}>
      <Onboarding openSettings={props.openSettings} />
    </Suspense>
  );
}
