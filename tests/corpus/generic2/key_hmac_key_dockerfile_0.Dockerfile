FROM python:3.12-slim
WORKDIR /app
ENV HMAC_KEY={{rand:alnum:32}}
CMD ["python", "app.py"]
