FROM python:3.12-slim
WORKDIR /app
ENV SMTP_PASSWORD={{rand:base64url:32}}
CMD ["python", "app.py"]
