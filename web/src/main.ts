import { createApp } from 'vue';
import App from './App.vue';
import { i18n, setLocale } from './i18n';
import { router } from './router';
import { setUnauthorizedHandler } from './api/client';
import { session } from './session';
import './style.css';

setLocale(i18n.global.locale.value as Parameters<typeof setLocale>[0]);
setUnauthorizedHandler(() => {
  session.me = null;
  if (router.currentRoute.value.name !== 'login') {
    void router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } });
  }
});

createApp(App).use(i18n).use(router).mount('#app');
