FROM python:3.12-slim
WORKDIR /app
ENV CLOUDFLARE_API_TOKEN={{rand:base64url:40}}
CMD ["python", "app.py"]
