FROM python:3.12-slim
WORKDIR /app
ENV VAULT_TOKEN=hvs.{{rand:base64url:90}}
CMD ["python", "app.py"]
