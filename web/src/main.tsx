import { createRoot } from 'react-dom/client';
import { App } from './app';
import { startBadge } from './app-window/badge';
import { startNotifications } from './app-window/notify';
import { registerAppWindow } from './app-window/register';
import './styles.css';

registerAppWindow();
startBadge();
startNotifications();
createRoot(document.getElementById('root')!).render(<App />);
