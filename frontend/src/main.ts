import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage } from 'element-plus'
// Element Plus components come with the pages that use them
// (unplugin-vue-components in vite.config.ts, with their styles). The
// message and message box are called from code, not templates, so their
// styles are imported here; the base variables come first.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import 'element-plus/theme-chalk/el-overlay.css'
import 'element-plus/theme-chalk/el-button.css'
import 'element-plus/theme-chalk/el-input.css'
import './style.css'

import App from './App.vue'
import { configureApi } from './api'
import { createAppRouter } from './router'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const router = createAppRouter()
app.use(router)

const auth = useAuthStore(pinia)
configureApi({
  notify: (message) => ElMessage.error({ message, grouping: true, showClose: true }),
  onTokens: (t) => auth.applyTokens(t),
  onAuthLost: () => {
    auth.clearSession()
    const current = router.currentRoute.value
    if (current.meta.requiresAuth || current.meta.roles?.length) {
      router.replace({ path: '/login', query: { redirect: current.fullPath } })
    }
  },
})

app.mount('#app')
