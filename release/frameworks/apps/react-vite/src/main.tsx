import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RecordsPage } from './RecordsPage.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RecordsPage apiBase={import.meta.env.VITE_HEALTHEX_API_BASE} />
  </StrictMode>,
);
