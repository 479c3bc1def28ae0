FROM python:3.12-slim
WORKDIR /app
ENV GOOGLE_API_KEY=${GOOGLE_API_KEY}
CMD ["python", "app.py"]
