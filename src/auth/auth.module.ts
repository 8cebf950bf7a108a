import { createSecretKey, randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { FirstAdmin } from './first-admin.js';
import { SignInAttempts } from './sign-in-attempts.js';
import type { AppConfig } from '../config/env.validation.js';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfig) => {
        // Without JWT_SECRET (allowed outside production) each process signs with its own
        // random secret; the HTTP server warns about it as it starts (app.setup.ts).
        const text = config.get('JWT_SECRET', { infer: true }) ?? randomBytes(32).toString('base64url');
        // A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it
        // as a PEM public key on every verify, which was a sixth of a status change's CPU time.
        const secret = createSecretKey(Buffer.from(text, 'utf8'));
        return { secret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, SignInAttempts, FirstAdmin, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [FirstAdmin],
})
export class AuthModule {}
