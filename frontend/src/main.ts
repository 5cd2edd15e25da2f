import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus, { ElMessage } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
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
app.use(ElementPlus, { locale: zhCn })

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
