# Build the web pages, then the binary with them embedded, then a small runtime image.
FROM node:20-bookworm AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/techmarket .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/techmarket /techmarket
ENV TM_ADDR=0.0.0.0:8080 TM_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/techmarket"]
CMD ["serve"]
