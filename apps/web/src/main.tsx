import '@xyflow/react/dist/style.css';
import './styles.css';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BoardPage } from './board/BoardPage.tsx';
import { SignInPage } from './account/Account.tsx';
import { HomePage } from './home/HomePage.tsx';

/** `/` is the home page, `/b/:boardId` a board, `/signin` and `/invite` the sign-in page. */
export function route(path: string): { page: 'home' } | { page: 'signin' } | { page: 'board'; id: string } {
  if (/^\/(signin|invite)\/?$/.test(path)) return { page: 'signin' };
  const m = /^\/b\/([^/]+)\/?$/.exec(path);
  return m ? { page: 'board', id: decodeURIComponent(m[1]!) } : { page: 'home' };
}

function App() {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (to: string) => {
    history.pushState(null, '', to);
    setPath(to);
  };
  const r = route(path);
  const open = (id: string) => go(`/b/${encodeURIComponent(id)}`);
  if (r.page === 'board')
    return <BoardPage key={r.id} boardId={r.id} onHome={() => go('/')} onOpenBoard={open} />;
  if (r.page === 'signin') return <SignInPage onDone={() => go('/')} />;
  return <HomePage onOpen={open} />;
}

// No StrictMode: its double mount would open every board's websocket and IndexedDB twice.
createRoot(document.getElementById('root')!).render(<App />);
