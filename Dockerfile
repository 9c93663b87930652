# One image for every Omnigate app; the app is chosen at run time:
#   docker run -e APP=system-erp -p 3100:3100 omnigate
FROM node:24-bookworm-slim AS build
WORKDIR /srv
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /srv
COPY --from=build /srv/node_modules ./node_modules
COPY --from=build /srv/dist ./dist
# No config/: its development registry (*.dev.json, published keys) never ships, and .dockerignore
# keeps it out of the build too. Mount production's own registry and point CLIENT_APP_REGISTRY_FILE
# at it; with NODE_ENV=production the experience apps refuse a *.dev.json registry at start.
COPY package.json ./
USER node
ENV APP=experience-storefront
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
