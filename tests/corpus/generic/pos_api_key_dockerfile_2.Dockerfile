FROM python:3.12-slim
WORKDIR /app
ENV API_KEY={{rand:base64url:32}}
CMD ["python", "app.py"]
