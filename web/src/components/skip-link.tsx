import { mainLandmark } from './focus-rescue';

/**
 * The first Tab stop of the page (hidden until focused): straight to the message box when chatting,
 * else to the view's content, past the top bar and the sidebar.
 */
export function SkipLink({ chatting }: { chatting: boolean }) {
  return (
    // biome-ignore lint/a11y/useValidAnchor: a skip link is a link by convention (screen readers list it with the page's links); the click focuses instead of following the href, which would change the address that holds the session
    <a
      className="skip-link"
      href="#composer"
      onClick={(e) => {
        e.preventDefault();
        (document.getElementById('composer') ?? mainLandmark())?.focus();
      }}
    >
      {chatting ? 'Skip to the message box' : 'Skip to the content'}
    </a>
  );
}
