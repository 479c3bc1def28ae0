FROM python:3.12-slim
WORKDIR /app
ENV SIGNING_SECRET=settings.SIGNING_SECRET
CMD ["python", "app.py"]
