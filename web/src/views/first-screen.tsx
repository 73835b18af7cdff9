/**
 * What the chat's place shows: nothing until the daemon's lists are read, the first-run setup while
 * it is wanted (state/first-run.ts; loaded lazily, as a returning person never needs it), else the chat.
 */
import { type ComponentProps, lazy, Suspense } from 'react';
import { connection } from '../state/cowork';
import { onboarding, setupMayShow } from '../state/first-run';
import { useStore } from '../state/store';
import { ChatView } from './chat';

const load = () => import('./onboarding');
// Fetched while the daemon's lists are read, where the setup may be wanted: not after.
if (setupMayShow()) void load();
const Onboarding = lazy(() => load().then((m) => ({ default: m.Onboarding })));

export function FirstScreen(props: ComponentProps<typeof ChatView>) {
  const firstRun = useStore(onboarding);
  // The installed window opens from its kept shell while the daemon is down: say so, not a blank.
  const away = useStore(connection) === 'closed';
  const waiting = (
    <main className="chat" aria-busy="true">
      {away && (
        <p className="daemon-away" data-testid="daemon-away">
          Cowork’s daemon is not answering. This window connects by itself once it runs again — start it with{' '}
          <code>cowork start</code>.
        </p>
      )}
    </main>
  );
  if (firstRun === null) return waiting;
  if (!firstRun) return <ChatView {...props} />;
  return (
    <Suspense fallback={waiting}>
      <Onboarding openSettings={props.openSettings} />
    </Suspense>
  );
}
