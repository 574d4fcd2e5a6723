# Azurite at the version dev/package-lock.json pins, installed by npm from the registry the build machine's
# npm is configured for.
FROM node:22-bookworm-slim
WORKDIR /opt/azurite
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
EXPOSE 10000
CMD ["node_modules/.bin/azurite-blob", "--blobHost", "0.0.0.0", "--location", "/data", "--loose", "--skipApiVersionCheck"]
